"""The ``assembly`` command line for administrators and auditors."""
