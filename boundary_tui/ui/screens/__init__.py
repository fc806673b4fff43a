"""One screen per moment at the desk: sign in, the desk itself, and its forms."""
