-- The floor of the dashboard's monthly series: per month of the period, activities and their women,
-- survey responses, and satisfaction (surveys and duty-report ratings) of one federation's subtree, from
-- the raw rows. Months are local (Asia/Shanghai), as the endpoint counts them.
WITH sub AS NOT MATERIALIZED (
    SELECT f.id FROM organizations_federation f
    WHERE f.tree_id = %(tree_id)s AND f.lft BETWEEN %(lft)s AND %(rght)s
), activities AS (
    SELECT date_trunc('month', a.start AT TIME ZONE %(tz)s)::date AS month,
           count(*) AS activities, sum(a.women_participants) AS activity_women
    FROM activities_activity a JOIN sub ON sub.id = a.federation_id
    WHERE a.start >= %(start)s AND a.start < %(stop)s AND a.review_state IN ('submitted', 'approved')
    GROUP BY 1
), survey AS (
    SELECT date_trunc('month', r.submitted_at AT TIME ZONE %(tz)s)::date AS month,
           count(*) AS responses,
           count(*) FILTER (WHERE r.satisfaction IN ('SATISFIED', 'BASIC')) AS sat_good,
           count(*) FILTER (WHERE r.satisfaction <> '') AS sat_all
    FROM evaluations_surveyresponse r JOIN sub ON sub.id = r.federation_id
    WHERE r.submitted_at >= %(start)s AND r.submitted_at < %(stop)s
    GROUP BY 1
), ratings AS (
    SELECT date_trunc('month', d.filed_on)::date AS month,
           count(*) FILTER (WHERE w.verdict IN ('SATISFIED', 'BASICALLY_SATISFIED', 'BASIC')) AS rating_good,
           count(*) AS rating_all
    FROM cadres_womenrating w
    JOIN cadres_dutyreport d ON d.id = w.report_id
    JOIN cadres_post p ON p.id = d.post_id
    JOIN sub ON sub.id = p.federation_id
    WHERE d.filed_on BETWEEN %(first_day)s AND %(last_day)s
    GROUP BY 1
), months AS (
    SELECT generate_series(%(first_day)s::date, %(last_day)s::date, interval '1 month')::date AS month
)
SELECT
    to_char(m.month, 'YYYY-MM') AS month,
    coalesce(a.activities, 0) AS activities,
    coalesce(a.activity_women, 0) AS activity_women,
    coalesce(s.responses, 0) AS responses,
    coalesce(s.sat_good, 0) + coalesce(r.rating_good, 0) AS satisfaction_numerator,
    coalesce(s.sat_all, 0) + coalesce(r.rating_all, 0) AS satisfaction_denominator
FROM months m
LEFT JOIN activities a ON a.month = m.month
LEFT JOIN survey s ON s.month = m.month
LEFT JOIN ratings r ON r.month = m.month
ORDER BY m.month
