package studio.magi.project.edit;

/** An edit that does not apply to the project as it is; the message says why, in the user's words. */
public class EditRefused extends RuntimeException {
    public EditRefused(String message) {
        super(message);
    }
}
