"""Web pages of the dedication app: projects, activities and check-in, hours and their
verification, and the board. Every view starts with its access check."""
