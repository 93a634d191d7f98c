/**
 * Testing support for code that uses sandboxes. This release holds nothing yet: the in-memory
 * runtime, the runtime contract suite and the JUnit 5 extension arrive with the testkit work.
 */
package dev.sandboxes.testkit;
