DROP TABLE tier_benchmarks;
DROP TABLE goal_benchmarks;
