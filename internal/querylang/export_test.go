package querylang

// PlanQueries are the queries the plan tests build.
var PlanQueries = planQueries
