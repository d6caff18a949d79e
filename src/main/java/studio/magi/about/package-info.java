/**
 * What the studio says about itself: the version the build stamped. A package of its own, depending on nothing of the
 * studio, so that the launcher, the command line and the window can all name it without a cycle through the launcher.
 */
package studio.magi.about;
