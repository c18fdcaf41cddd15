/**
 * certgate for Tomcat 11 and 10.1: {@link io.certgate.tomcat.CertGateRealm} turns the client certificate that
 * Tomcat's {@code CLIENT-CERT} authenticator verified into a principal with the roles certgate computed, and
 * {@link io.certgate.tomcat.CertGateValve} enforces a role or attaches the decision without {@code web.xml} security.
 * Both read each web application's rules from its {@code certgate.rules} context-param and take the settings of the
 * rules file as attributes of the same names.
 */
package io.certgate.tomcat;
