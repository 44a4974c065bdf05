"""Writes of the dedication app. Each takes the acting user, whom history records as the author,
and runs in one transaction, so that bad input changes nothing."""
