package studio.magi.render;

import java.util.concurrent.ThreadFactory;

/** Threads of the render service: daemons, so that a studio closing mid-render is not held open by them. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
