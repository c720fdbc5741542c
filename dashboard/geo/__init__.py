"""Maps: outlines, pydeck layers, server-drawn map pictures, the city map."""
