package io.heroproc.security;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Whether the page is shown to a signed-in browser: the dashboard then offers to sign out. */
@Named("signin")
@RequestScoped
public class SignIn {

    @Inject
    CurrentVertxRequest current;

    public boolean active() {
        return current.getCurrent() != null && current.getCurrent().get(RequestGuard.SESSION) != null;
    }
}
