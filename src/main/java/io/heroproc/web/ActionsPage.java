package io.heroproc.web;

import io.heroproc.model.Action;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The Actions tab. Actions a quick service generated are listed under their service, not as loose rows. */
@Path("/ui/actions")
@Produces(MediaType.TEXT_HTML)
public class ActionsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance actions(List<Action> actions, List<Action> generated);
    }

    @GET
    public TemplateInstance page() {
        List<Action> all = Action.allByName();
        return Templates.actions(all.stream().filter(a -> a.generatedBy == null).toList(),
                all.stream().filter(a -> a.generatedBy != null).toList());
    }
}
