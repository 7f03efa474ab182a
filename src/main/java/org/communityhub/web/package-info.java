/**
 * The frame every page shares: the layout and navigation, the CSRF token, error pages, and the
 * sign-in redirect. The pages themselves live in their features ({@code *Page}); this package
 * depends on no feature, only on the request's security identity.
 */
package org.communityhub.web;
