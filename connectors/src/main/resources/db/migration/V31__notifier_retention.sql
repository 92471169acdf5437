-- The notifier deletes outbox rows sent or given up longer ago than innflow.notifier.outbox-retention
-- (docs/notifications.md): they hold a guest's address and email, which are not kept longer than needed.
GRANT DELETE ON notifier.outbox TO innflow_notifier;
CREATE INDEX outbox_ended ON notifier.outbox (coalesce(sent_at, cancelled_at))
    WHERE sent_at IS NOT NULL OR cancelled_at IS NOT NULL;
