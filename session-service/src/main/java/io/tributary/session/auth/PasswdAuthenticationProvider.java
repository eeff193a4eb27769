package io.tributary.session.auth;

/**
 * Checks a user's password, as Kyuubi's {@code PasswdAuthenticationProvider}: returns when the pair is valid,
 * throws {@link AuthenticationException} otherwise. A {@code kyuubi.authentication.custom.class} implements this
 * interface and has a public no-argument constructor.
 */
public interface PasswdAuthenticationProvider {

    void authenticate(String user, String password) throws AuthenticationException;
}
