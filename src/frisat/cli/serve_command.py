"""``frisat serve``: the web app on localhost."""
