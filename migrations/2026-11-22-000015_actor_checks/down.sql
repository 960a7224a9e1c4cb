DROP TRIGGER sales_check_confirmation_references ON sales;
DROP FUNCTION sales_check_confirmation_references();
DROP TRIGGER audit_log_check_actor ON audit_log;
DROP TRIGGER sale_status_changes_check_actor ON sale_status_changes;
DROP FUNCTION check_actor_reference();
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id);
ALTER TABLE sale_status_changes ADD CONSTRAINT sale_status_changes_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id);
ALTER TABLE sales ADD CONSTRAINT sales_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES commission_plans (id);
ALTER TABLE sales ADD CONSTRAINT sales_confirmed_by_fkey FOREIGN KEY (confirmed_by) REFERENCES users (id);
