package io.innflow.notifier;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The PostgreSQL role the notifier connects as ({@value #NAME}), created by the migrations: it reads and
 * writes the {@code notifier} schema's rows and reads the catalog's hotel and room type names, nothing
 * else. It owns nothing, so it cannot alter or drop a table.
 */
public final class NotifierRole {

    /** The role's name. */
    public static final String NAME = "innflow_notifier";

    private NotifierRole() {}

    /** Sets the role's password, as the owner. */
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
