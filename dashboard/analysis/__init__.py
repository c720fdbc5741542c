"""The analysis pages' logic (frames, figures, tables per page) and the SQL console's."""
