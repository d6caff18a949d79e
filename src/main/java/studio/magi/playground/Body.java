package studio.magi.playground;

import java.util.Set;

/** An object while the simulation steps it; the one mutable thing of the world, kept inside the simulator. */
final class Body {
    final Shape shape;
    String color;
    final String size;
    final double r;
    double x;
    double y;
    double vx;
    double vy;
    Motion motion;
    final double e;

    Body(SceneObject o) {
        shape = o.shape();
        color = o.color();
        size = o.size();
        r = o.radius();
        x = o.x();
        y = o.y();
        vx = o.vx();
        vy = o.vy();
        motion = o.motion();
        e = o.restitutionOrDefault();
    }

    /** The motion as a caption names it: a slide takes its side from the velocity, and no velocity is standing still. */
    Motion label() {
        if (motion.isSliding()) {
            if (vx < 0) {
                return Motion.SLIDING_LEFT;
            }
            if (vx > 0) {
                return Motion.SLIDING_RIGHT;
            }
            return Motion.STILL;
        }
        return motion;
    }

    ObjectState state() {
        return new ObjectState(shape, color, size, label());
    }

    BodyState look() {
        return new BodyState(shape, color, r, x, y);
    }

    void setMotion(Motion m, double speed) {
        switch (m) {
            case STILL -> {
                vx = 0.0;
                vy = 0.0;
            }
            case SLIDING_LEFT -> {
                vx = -speed;
                vy = 0.0;
            }
            case SLIDING_RIGHT -> {
                vx = speed;
                vy = 0.0;
            }
            case RISING -> {
                vx = 0.0;
                vy = -speed;
            }
            case FALLING -> {
                vx = 0.0;
                vy = 0.0;
            }
            case BOUNCING -> {
                // Bouncing keeps the velocity it has; gravity takes over from here.
            }
        }
        motion = m;
    }

    /** One frame: gravity, then the move, then the walls, ceiling and floor (docs/PLAYGROUND.md, "Update order"). */
    void step(double gravityStep, double dt, Set<Contact> contacts) {
        Motion m = motion;
        if (m == Motion.STILL) {
            return;
        }
        if (m == Motion.BOUNCING || m == Motion.FALLING) {
            vy = vy + gravityStep;
        }
        x = x + vx * dt;
        y = y + vy * dt;
        double lo = r;
        double hi = 1.0 - r;
        if (x < lo) {
            x = lo + (lo - x);
            vx = Math.abs(vx);
            contacts.add(Contact.WALL);
        } else if (x > hi) {
            x = hi - (x - hi);
            vx = -Math.abs(vx);
            contacts.add(Contact.WALL);
        }
        if (y < lo) {
            contacts.add(Contact.CEILING);
            if (m == Motion.RISING) {
                y = lo;
                vx = 0.0;
                vy = 0.0;
                motion = Motion.STILL;
            } else {
                y = lo + (lo - y);
                vy = Math.abs(vy);
            }
        } else if (y > hi) {
            contacts.add(Contact.FLOOR);
            if (m == Motion.FALLING) {
                y = hi;
                vx = 0.0;
                vy = 0.0;
                motion = Motion.STILL;
            } else if (m == Motion.BOUNCING) {
                y = hi - (y - hi) * e;
                vy = -Math.abs(vy) * e;
            } else {
                y = hi - (y - hi);
                vy = -Math.abs(vy);
            }
        }
    }

    /**
     * A rigid collision of two discs (the objects' radii), masses by area: push apart along the normal by inverse
     * mass, then exchange an impulse with restitution {@code restitution} if they approach. A still object that is
     * hit starts sliding.
     */
    static boolean collide(Body a, Body b, double restitution) {
        double dx = b.x - a.x;
        double dy = b.y - a.y;
        double dist = Math.sqrt(dx * dx + dy * dy);
        double reach = a.r + b.r;
        if (dist >= reach) {
            return false;
        }
        double nx;
        double ny;
        if (dist > 0.0) {
            nx = dx / dist;
            ny = dy / dist;
        } else {
            nx = 1.0;
            ny = 0.0;
        }
        double ma = a.r * a.r;
        double mb = b.r * b.r;
        double ia = 1.0 / ma;
        double ib = 1.0 / mb;
        double overlap = reach - dist;
        a.x = a.x - nx * overlap * (ia / (ia + ib));
        a.y = a.y - ny * overlap * (ia / (ia + ib));
        b.x = b.x + nx * overlap * (ib / (ia + ib));
        b.y = b.y + ny * overlap * (ib / (ia + ib));
        double vn = (b.vx - a.vx) * nx + (b.vy - a.vy) * ny;
        if (vn >= 0.0) {
            return false;
        }
        double j = -(1.0 + restitution) * vn / (ia + ib);
        a.vx = a.vx - j * nx * ia;
        a.vy = a.vy - j * ny * ia;
        b.vx = b.vx + j * nx * ib;
        b.vy = b.vy + j * ny * ib;
        for (Body o : new Body[] {a, b}) {
            if (o.motion == Motion.STILL) {
                o.motion = o.vx >= 0.0 ? Motion.SLIDING_RIGHT : Motion.SLIDING_LEFT;
            }
        }
        return true;
    }
}
