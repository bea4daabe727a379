-- The floor of the indicator endpoint: every raw figure behind the five indicators of one federation's
-- subtree over a period, recomputed from the raw rows (no summary table), in one statement.
-- Parameters: tree_id/lft/rght (the federation's MPTT numbers), start/stop (the period as local-time instants, stop exclusive), first_day/last_day (its
-- dates), as_of (the date states are read at), as_of_end (the end of that day), overdue_before (as_of minus
-- the answer window), within_days, threshold (activities a community needs over the period).
WITH sub AS NOT MATERIALIZED (
    SELECT f.id, f.level, f.regionalized_on, f.archived_at
    FROM organizations_federation f
    WHERE f.tree_id = %(tree_id)s AND f.lft BETWEEN %(lft)s AND %(rght)s
), alive AS NOT MATERIALIZED (
    SELECT * FROM sub WHERE archived_at IS NULL OR archived_at > %(as_of_end)s
)
SELECT *
FROM (
    SELECT
        count(*) FILTER (WHERE level IN ('STREET', 'TOWNSHIP')) AS streets,
        count(*) FILTER (WHERE level IN ('STREET', 'TOWNSHIP') AND regionalized_on <= %(as_of)s) AS streets_done,
        count(*) FILTER (WHERE level IN ('COMMUNITY', 'VILLAGE')) AS communities,
        count(*) FILTER (WHERE level IN ('COMMUNITY', 'VILLAGE') AND regionalized_on <= %(as_of)s) AS communities_done
    FROM alive
) AS tree,
(
    SELECT
        count(*) AS units,
        count(*) FILTER (WHERE u.is_party_building_member) AS party_units
    FROM organizations_memberunit u JOIN sub ON sub.id = u.federation_id
    WHERE u.joined_on <= %(as_of)s AND (u.left_on IS NULL OR u.left_on > %(as_of)s)
) AS units,
(
    SELECT
        count(*) AS posts,
        count(*) FILTER (WHERE pe.public_profile AND pe.photo <> '' AND pe.phone <> '') AS public
    FROM cadres_post p JOIN sub ON sub.id = p.federation_id JOIN cadres_person pe ON pe.id = p.person_id
    WHERE p.position IN ('CHAIR', 'VICE_CHAIR_FULLTIME', 'VICE_CHAIR_PARTTIME', 'EXEC_MEMBER')
      AND p.term_start <= %(as_of)s AND (p.ended_on IS NULL OR p.ended_on > %(as_of)s)
) AS posts,
(
    SELECT
        count(*) AS logged,
        count(*) FILTER (WHERE c.answered_on IS NOT NULL OR c.received_on < %(overdue_before)s) AS decided,
        count(*) FILTER (WHERE c.answered_on <= c.received_on + %(within_days)s) AS in_time
    FROM venues_consultationrequest c JOIN sub ON sub.id = c.federation_id
    WHERE c.received_on BETWEEN %(first_day)s AND %(last_day)s
) AS consultations,
(
    SELECT count(*) AS homes
    FROM venues_venue v JOIN sub ON sub.id = v.federation_id
    WHERE v.kind = 'WOMENS_HOME' AND (v.opened_on IS NULL OR v.opened_on <= %(as_of)s)
) AS homes,
(
    SELECT
        count(*) AS responses,
        count(*) FILTER (WHERE r.satisfaction <> '') AS sat_respondents,
        count(*) FILTER (WHERE r.satisfaction IN ('SATISFIED', 'BASIC')) AS sat_good,
        count(*) FILTER (WHERE r.can_name IS NOT NULL) AS name_asked,
        count(*) FILTER (WHERE r.can_name) AS name_yes
    FROM evaluations_surveyresponse r JOIN sub ON sub.id = r.federation_id
    WHERE r.submitted_at >= %(start)s AND r.submitted_at < %(stop)s
      AND NOT r.flagged  -- flagged answers (ballot stuffing) stay out of the figures by default
) AS survey,
(
    SELECT
        count(*) AS ratings,
        count(*) FILTER (WHERE w.verdict IN ('SATISFIED', 'BASICALLY_SATISFIED', 'BASIC')) AS rating_good
    FROM cadres_womenrating w
    JOIN cadres_dutyreport d ON d.id = w.report_id
    JOIN cadres_post p ON p.id = d.post_id
    JOIN sub ON sub.id = p.federation_id
    WHERE d.filed_on BETWEEN %(first_day)s AND %(last_day)s
) AS ratings,
(
    SELECT count(*) AS activities, coalesce(sum(a.women_participants), 0) AS activity_women
    FROM activities_activity a JOIN sub ON sub.id = a.federation_id
    WHERE a.start >= %(start)s AND a.start < %(stop)s AND a.review_state IN ('submitted', 'approved')
) AS activities,
(
    SELECT count(*) AS active_communities
    FROM (
        SELECT a.federation_id
        FROM activities_activity a JOIN alive ON alive.id = a.federation_id
        WHERE alive.level IN ('COMMUNITY', 'VILLAGE') AND a.start >= %(start)s AND a.start < %(stop)s
          AND a.review_state IN ('submitted', 'approved')
        GROUP BY a.federation_id
        HAVING count(*) >= %(threshold)s
    ) AS busy
) AS active
