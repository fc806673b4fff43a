"""Widgets that display values handed to them; none of them touches the database."""
