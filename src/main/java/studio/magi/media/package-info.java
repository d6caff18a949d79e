/** Video and image import/export with JavaCV, frame buffers, thumbnails. */
package studio.magi.media;
