"""Fund safety arithmetic (基金安全): months of reserve, compliance with the 2025 guidance, the
aggregates of a projection (基金测算) and the dashboard indicators — pure functions over plain
values and batch output tables; the service layer feeds them recorded figures and policy values."""
