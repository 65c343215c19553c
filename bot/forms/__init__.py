"""Step-by-step forms: the disclosure application (Art. 29) and the complaint."""
