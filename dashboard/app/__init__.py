"""The Streamlit side: the shell, the page frame, cached page data, access control, the
server's start-up and warm-up. Pages (views/) call this layer and the ones below."""
