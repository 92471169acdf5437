package io.innflow.connectors.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The PostgreSQL role innflow nodes connect as ({@value #NAME}), created by the migrations with only
 * the rights the partner and admin API need: read and write the catalog tables, append to and read
 * the audit log. It owns nothing, so it cannot drop or alter a table, nor rewrite the audit trail.
 */
public final class NodeRole {

    /** The role's name. */
    public static final String NAME = "innflow_node";

    private NodeRole() {}

    /** Sets the role's password, as the owner ({@code owner} connects as a role that may alter it). */
    public static void setPassword(DataSource owner, String password) {
        if (password.isEmpty() || password.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The password of " + NAME + " must be printable and not empty");
        }
        // ALTER ROLE takes no bind parameters: a string literal, its quotes doubled.
        String literal = "'" + password.replace("'", "''") + "'";
        try (Connection c = owner.getConnection();
                Statement st = c.createStatement()) {
            st.execute("ALTER ROLE " + NAME + " PASSWORD " + literal);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set the password of role " + NAME + ": " + e.getMessage(), e);
        }
    }
}
