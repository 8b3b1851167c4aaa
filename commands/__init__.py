"""The write side: commands and the application that loads, decides and saves."""
