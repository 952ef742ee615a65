"""Case registrations: schemes, validation, derived measures, periods and samples."""
