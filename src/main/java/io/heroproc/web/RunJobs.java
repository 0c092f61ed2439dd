package io.heroproc.web;

import io.heroproc.model.Job;
import io.heroproc.model.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The jobs of several runs, collapsed per action, in two queries whatever the number of attempts:
 * a crash loop can leave thousands of jobs in one run, and a page lists only the latest of each.
 */
@ApplicationScoped
public class RunJobs {

    @Inject
    EntityManager em;

    public List<RunRow> rows(List<Run> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        List<Long> ids = runs.stream().map(r -> r.id).toList();
        // Per run and action: the latest job, the number of attempts, those still stored and the
        // stored ones that failed, in the order the actions first started.
        @SuppressWarnings("unchecked")
        List<Object[]> counts = em.createNativeQuery("""
                SELECT run_id, min(id), max(id), max(attempt), count(*), sum(phase = 'failed')
                FROM jobs WHERE run_id IN (:ids) GROUP BY run_id, action ORDER BY run_id, min(id)
                """).setParameter("ids", ids).getResultList();
        if (counts.isEmpty()) {
            return runs.stream().map(r -> new RunRow(r, List.<ActionAttempts>of())).toList();
        }
        Map<Long, Job> latest = Job.<Job>list("id in ?1", counts.stream().map(c -> number(c[2])).toList()).stream()
                .collect(Collectors.toMap(j -> j.id, Function.identity()));
        Map<Long, List<ActionAttempts>> byRun = new LinkedHashMap<>();
        for (Object[] c : counts) {
            byRun.computeIfAbsent(number(c[0]), k -> new ArrayList<>()).add(new ActionAttempts(
                    latest.get(number(c[2])), (int) number(c[3]), (int) number(c[4]), (int) number(c[5])));
        }
        return runs.stream().map(r -> new RunRow(r, byRun.getOrDefault(r.id, List.of()))).toList();
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
