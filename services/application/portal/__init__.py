"""The public record as the portal reads it: one view per page, from the read models only."""
