package io.heroproc.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** Where events are posted (declared in manifests), and the id of the last event delivered there. */
@Entity
@Table(name = "webhooks")
public class Webhook extends PanacheEntityBase {

    @Id
    public String name;

    public String url;

    /** Event types sent there; empty: every type. */
    @Convert(converter = JsonColumn.Names.class)
    public List<String> types;

    /** Events up to this id were delivered (or given up on). */
    public long delivered;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<Webhook> allByName() {
        return list("order by name");
    }
}
