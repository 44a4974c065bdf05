"""The assessment pages, split by stage: periods and costs, letters and entries, results, set-up."""
