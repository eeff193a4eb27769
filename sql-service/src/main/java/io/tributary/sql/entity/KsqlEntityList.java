package io.tributary.sql.entity;

import java.util.ArrayList;
import java.util.Collection;

/**
 * A list of entities that keeps its element type at run time, so each element is written with its {@code @type}
 * even where the list is held as a plain {@code Object} (the {@code entities} of an error body).
 */
public final class KsqlEntityList extends ArrayList<KsqlEntity> {

    public KsqlEntityList(Collection<? extends KsqlEntity> entities) {
        super(entities);
    }
}
