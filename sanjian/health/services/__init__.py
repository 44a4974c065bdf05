"""Every write of the health app: conditions and rules, archives, plans, visits, outreach."""
