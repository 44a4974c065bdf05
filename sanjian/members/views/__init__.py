"""The members app's pages, by area: people, imports, branch life and dues, transfers."""
