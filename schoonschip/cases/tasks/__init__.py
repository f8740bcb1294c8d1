"""The coach's own tasks per case: a due date and a free text (sealed), added, done, overdue."""
