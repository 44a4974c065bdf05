"""Test helpers shared by every app's tests: factories and the people of a small world."""
