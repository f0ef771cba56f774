"""Site-wide helpers any app may use; they import no app of this project."""
