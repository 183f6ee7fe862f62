"""Staff of offices and workstations (花名册): who works where, of which type, since when.

The recruitment issue hires into it; the staff issue adds levels, contracts, pay, training,
assessment and exit on top.
"""
