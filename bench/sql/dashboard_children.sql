-- The floor of the dashboard's table: for the federation and each of its children, the same figures as the
-- endpoint's rows (regionalised streets and communities, Women's Homes, clusters, demonstration homes,
-- activities and their women, satisfaction from surveys and duty-report ratings), from the raw rows.
-- Each federation of the subtree is placed under the row(s) it belongs to (the root and one child) by one
-- range join; every count is then one GROUP BY over the raw table.
WITH rows AS (
    SELECT id, tree_id, lft, rght FROM organizations_federation WHERE id = %(root)s OR parent_id = %(root)s
), placed AS (
    SELECT f.id AS federation_id, r.id AS row_id, f.level, f.regionalized_on, f.archived_at
    FROM organizations_federation f JOIN rows r ON f.tree_id = r.tree_id AND f.lft >= r.lft AND f.rght <= r.rght
), tree AS (
    SELECT
        row_id,
        count(*) FILTER (WHERE level IN ('STREET', 'TOWNSHIP')) AS streets,
        count(*) FILTER (WHERE level IN ('STREET', 'TOWNSHIP') AND regionalized_on <= %(as_of)s) AS streets_done,
        count(*) FILTER (WHERE level IN ('COMMUNITY', 'VILLAGE')) AS communities,
        count(*) FILTER (WHERE level IN ('COMMUNITY', 'VILLAGE') AND regionalized_on <= %(as_of)s) AS communities_done
    FROM placed
    WHERE archived_at IS NULL OR archived_at > %(as_of_end)s
    GROUP BY row_id
), homes AS (
    SELECT p.row_id, count(*) AS homes
    FROM venues_venue v JOIN placed p ON p.federation_id = v.federation_id
    WHERE v.kind = 'WOMENS_HOME' AND (v.opened_on IS NULL OR v.opened_on <= %(as_of)s)
    GROUP BY p.row_id
), clusters AS (
    SELECT
        p.row_id,
        count(DISTINCT m.cluster_id) AS clusters,
        count(*) FILTER (WHERE m.is_demonstration) AS demo_homes
    FROM venues_clustermembership m JOIN venues_venue v ON v.id = m.venue_id
    JOIN placed p ON p.federation_id = v.federation_id
    GROUP BY p.row_id
), activities AS (
    SELECT p.row_id, count(*) AS activities, sum(a.women_participants) AS activity_women
    FROM activities_activity a JOIN placed p ON p.federation_id = a.federation_id
    WHERE a.start >= %(start)s AND a.start < %(stop)s AND a.review_state IN ('submitted', 'approved')
    GROUP BY p.row_id
), survey AS (
    SELECT
        p.row_id,
        count(*) FILTER (WHERE r.satisfaction IN ('SATISFIED', 'BASIC')) AS sat_good,
        count(*) FILTER (WHERE r.satisfaction <> '') AS sat_all
    FROM evaluations_surveyresponse r JOIN placed p ON p.federation_id = r.federation_id
    WHERE r.submitted_at >= %(start)s AND r.submitted_at < %(stop)s
    GROUP BY p.row_id
), ratings AS (
    SELECT
        pl.row_id,
        count(*) FILTER (WHERE w.verdict IN ('SATISFIED', 'BASICALLY_SATISFIED', 'BASIC')) AS rating_good,
        count(*) AS rating_all
    FROM cadres_womenrating w
    JOIN cadres_dutyreport d ON d.id = w.report_id
    JOIN cadres_post po ON po.id = d.post_id
    JOIN placed pl ON pl.federation_id = po.federation_id
    WHERE d.filed_on BETWEEN %(first_day)s AND %(last_day)s
    GROUP BY pl.row_id
)
SELECT
    r.id,
    coalesce(t.streets, 0) AS streets,
    coalesce(t.streets_done, 0) AS streets_done,
    coalesce(t.communities, 0) AS communities,
    coalesce(t.communities_done, 0) AS communities_done,
    coalesce(h.homes, 0) AS homes,
    coalesce(c.clusters, 0) AS clusters,
    coalesce(c.demo_homes, 0) AS demo_homes,
    coalesce(a.activities, 0) AS activities,
    coalesce(a.activity_women, 0) AS activity_women,
    coalesce(s.sat_good, 0) + coalesce(ra.rating_good, 0) AS satisfaction_numerator,
    coalesce(s.sat_all, 0) + coalesce(ra.rating_all, 0) AS satisfaction_denominator
FROM rows r
LEFT JOIN tree t ON t.row_id = r.id
LEFT JOIN homes h ON h.row_id = r.id
LEFT JOIN clusters c ON c.row_id = r.id
LEFT JOIN activities a ON a.row_id = r.id
LEFT JOIN survey s ON s.row_id = r.id
LEFT JOIN ratings ra ON ra.row_id = r.id
ORDER BY r.lft
