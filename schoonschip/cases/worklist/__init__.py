"""What needs attention today: the coach's and the coordinator's start page, computed from
the other areas' data on every view (nothing is stored, nothing runs on a schedule)."""
