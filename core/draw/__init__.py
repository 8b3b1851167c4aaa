"""The draw as a record of its own: commit, then reveal, then select — re-derivable by anyone."""
