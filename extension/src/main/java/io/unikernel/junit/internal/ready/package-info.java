/** Internal, not API: waiting until an instance's application really answers. */
package io.unikernel.junit.internal.ready;
