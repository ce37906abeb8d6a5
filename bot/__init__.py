"""A bot that answers questions about one news article, truthfully, in Polish and English."""
