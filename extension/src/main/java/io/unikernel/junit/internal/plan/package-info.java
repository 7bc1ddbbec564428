/**
 * Internal, not API: the validated, immutable description of a test class's instances and their
 * boot order. Everything a user can get wrong in an annotation is found here, before any resource
 * is made.
 */
package io.unikernel.junit.internal.plan;
