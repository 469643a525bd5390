"""Infrastructure: settings, the database, the queue, text helpers; it knows nothing of the floors above."""
