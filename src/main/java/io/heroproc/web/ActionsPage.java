package io.heroproc.web;

import io.heroproc.model.Action;
import io.heroproc.model.Service;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Actions tab: every action with its script as written (multi-line scripts keep their lines)
 * and the services using it. Actions a quick service generated are listed under their service.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class ActionsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance actions(List<Action> actions, List<Action> generated,
                Map<String, List<String>> usedBy);
    }

    @GET
    @Path("actions")
    public TemplateInstance page() {
        List<Action> all = Action.allByName();
        Map<String, List<String>> usedBy = new TreeMap<>();
        all.forEach(a -> usedBy.put(a.name, new ArrayList<>()));
        for (Service s : Service.allByName()) {
            s.actions.forEach(a -> usedBy.computeIfAbsent(a, k -> new ArrayList<>()).add(s.name));
        }
        return Templates.actions(all.stream().filter(a -> a.generatedBy == null).toList(),
                all.stream().filter(a -> a.generatedBy != null).toList(), usedBy);
    }
}
