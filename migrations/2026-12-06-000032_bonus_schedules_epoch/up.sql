-- The pages keep the bonus schedules and their tiers per change epoch (in
-- the catalog beside the periods, metrics and partner tiers), so a change to
-- either moves the epoch too.
CREATE CONSTRAINT TRIGGER bonus_schedules_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON bonus_schedules
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
CREATE CONSTRAINT TRIGGER bonus_tiers_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON bonus_tiers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
