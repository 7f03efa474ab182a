package org.communityhub.access;

import java.time.Instant;

/**
 * Many failed sign-ins in a short time, raised by the sign-in for the auditors' alerts: for one
 * username ({@code username} set) or for the whole hub ({@code username} null).
 *
 * @param failures failed sign-ins within the throttle's window
 * @param sources distinct client addresses they came from
 */
public record SignInAlert(String username, int failures, int sources, Instant at) {}
