DROP TABLE goal_forecasts;
