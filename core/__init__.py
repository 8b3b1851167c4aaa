"""The assembly's domain: pure rules and facts, no infrastructure."""
