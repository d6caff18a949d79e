package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The physics table of world.json: gravity (frame heights per second squared) and the ranges scenes draw from. */
public record Physics(
        double gravity,
        @JsonProperty("slide_speed") Range slideSpeed,
        @JsonProperty("rise_speed") Range riseSpeed,
        @JsonProperty("bounce_vx") Range bounceVx,
        @JsonProperty("bounce_vy") Range bounceVy,
        Range restitution) {
}
